<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.16-Białowieża" styleCategories="Symbology">
  <renderer-v2 type="categorizedSymbol" attr="domein" symbollevels="0" enableorderby="0" forceraster="0" referencescale="-1">
    <categories>
      <category render="true" value="interventie" symbol="0" label="Fysieke ingreep"/>
      <category render="true" value="onderhoud" symbol="1" label="Beheer en onderhoud"/>
      <category render="true" value="sociaal" symbol="2" label="Sociaal domein"/>
      <category render="true" value="initiatief" symbol="3" label="Bewonersinitiatief"/>
    </categories>
    <symbols>
    <symbol type="line" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
      <layer class="SimpleLine" enabled="1" pass="0" locked="0">
        <Option type="Map">
          <Option type="QString" name="line_color" value="0,114,178,255"/>
          <Option type="QString" name="line_width" value="1.1"/>
          <Option type="QString" name="line_width_unit" value="MM"/>
          <Option type="QString" name="line_style" value="solid"/>
          <Option type="QString" name="capstyle" value="round"/>
          <Option type="QString" name="joinstyle" value="round"/>
          <Option type="QString" name="offset" value="0"/>
          <Option type="QString" name="offset_unit" value="MM"/>
        </Option>
      </layer>
    </symbol>
    <symbol type="line" name="1" alpha="1" clip_to_extent="1" force_rhr="0">
      <layer class="SimpleLine" enabled="1" pass="0" locked="0">
        <Option type="Map">
          <Option type="QString" name="line_color" value="230,159,0,255"/>
          <Option type="QString" name="line_width" value="1.1"/>
          <Option type="QString" name="line_width_unit" value="MM"/>
          <Option type="QString" name="line_style" value="solid"/>
          <Option type="QString" name="capstyle" value="round"/>
          <Option type="QString" name="joinstyle" value="round"/>
          <Option type="QString" name="offset" value="0"/>
          <Option type="QString" name="offset_unit" value="MM"/>
        </Option>
      </layer>
    </symbol>
    <symbol type="line" name="2" alpha="1" clip_to_extent="1" force_rhr="0">
      <layer class="SimpleLine" enabled="1" pass="0" locked="0">
        <Option type="Map">
          <Option type="QString" name="line_color" value="204,121,167,255"/>
          <Option type="QString" name="line_width" value="1.1"/>
          <Option type="QString" name="line_width_unit" value="MM"/>
          <Option type="QString" name="line_style" value="solid"/>
          <Option type="QString" name="capstyle" value="round"/>
          <Option type="QString" name="joinstyle" value="round"/>
          <Option type="QString" name="offset" value="0"/>
          <Option type="QString" name="offset_unit" value="MM"/>
        </Option>
      </layer>
    </symbol>
    <symbol type="line" name="3" alpha="1" clip_to_extent="1" force_rhr="0">
      <layer class="SimpleLine" enabled="1" pass="0" locked="0">
        <Option type="Map">
          <Option type="QString" name="line_color" value="0,158,115,255"/>
          <Option type="QString" name="line_width" value="1.1"/>
          <Option type="QString" name="line_width_unit" value="MM"/>
          <Option type="QString" name="line_style" value="solid"/>
          <Option type="QString" name="capstyle" value="round"/>
          <Option type="QString" name="joinstyle" value="round"/>
          <Option type="QString" name="offset" value="0"/>
          <Option type="QString" name="offset_unit" value="MM"/>
        </Option>
      </layer>
    </symbol>
    </symbols>
  </renderer-v2>
  <blendMode>0</blendMode>
  <layerGeometryType>1</layerGeometryType>
</qgis>
