<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.16-Białowieża" styleCategories="Symbology">
  <renderer-v2 type="categorizedSymbol" attr="verdict" symbollevels="0" enableorderby="0" forceraster="0" referencescale="-1">
    <categories>
      <category render="true" value="combineren" symbol="0" label="Combineren"/>
      <category render="true" value="volgorde" symbol="1" label="Volgorde"/>
      <category render="true" value="spreiden" symbol="2" label="Spreiden"/>
      <category render="true" value="samenhang" symbol="3" label="Samenhang"/>
    </categories>
    <symbols>
    <symbol type="marker" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
      <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
        <Option type="Map">
          <Option type="QString" name="name" value="square"/>
          <Option type="QString" name="color" value="86,180,233,255"/>
          <Option type="QString" name="outline_color" value="35,35,35,255"/>
          <Option type="QString" name="outline_width" value="0.3"/>
          <Option type="QString" name="outline_width_unit" value="MM"/>
          <Option type="QString" name="size" value="3.2"/>
          <Option type="QString" name="size_unit" value="MM"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="joinstyle" value="bevel"/>
          <Option type="QString" name="scale_method" value="diameter"/>
          <Option type="QString" name="angle" value="0"/>
          <Option type="QString" name="offset" value="0,0"/>
          <Option type="QString" name="offset_unit" value="MM"/>
        </Option>
      </layer>
    </symbol>
    <symbol type="marker" name="1" alpha="1" clip_to_extent="1" force_rhr="0">
      <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
        <Option type="Map">
          <Option type="QString" name="name" value="triangle"/>
          <Option type="QString" name="color" value="213,94,0,255"/>
          <Option type="QString" name="outline_color" value="35,35,35,255"/>
          <Option type="QString" name="outline_width" value="0.3"/>
          <Option type="QString" name="outline_width_unit" value="MM"/>
          <Option type="QString" name="size" value="3.2"/>
          <Option type="QString" name="size_unit" value="MM"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="joinstyle" value="bevel"/>
          <Option type="QString" name="scale_method" value="diameter"/>
          <Option type="QString" name="angle" value="0"/>
          <Option type="QString" name="offset" value="0,0"/>
          <Option type="QString" name="offset_unit" value="MM"/>
        </Option>
      </layer>
    </symbol>
    <symbol type="marker" name="2" alpha="1" clip_to_extent="1" force_rhr="0">
      <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
        <Option type="Map">
          <Option type="QString" name="name" value="star"/>
          <Option type="QString" name="color" value="240,228,66,255"/>
          <Option type="QString" name="outline_color" value="35,35,35,255"/>
          <Option type="QString" name="outline_width" value="0.3"/>
          <Option type="QString" name="outline_width_unit" value="MM"/>
          <Option type="QString" name="size" value="3.2"/>
          <Option type="QString" name="size_unit" value="MM"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="joinstyle" value="bevel"/>
          <Option type="QString" name="scale_method" value="diameter"/>
          <Option type="QString" name="angle" value="0"/>
          <Option type="QString" name="offset" value="0,0"/>
          <Option type="QString" name="offset_unit" value="MM"/>
        </Option>
      </layer>
    </symbol>
    <symbol type="marker" name="3" alpha="1" clip_to_extent="1" force_rhr="0">
      <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
        <Option type="Map">
          <Option type="QString" name="name" value="circle"/>
          <Option type="QString" name="color" value="51,34,136,255"/>
          <Option type="QString" name="outline_color" value="35,35,35,255"/>
          <Option type="QString" name="outline_width" value="0.3"/>
          <Option type="QString" name="outline_width_unit" value="MM"/>
          <Option type="QString" name="size" value="3.2"/>
          <Option type="QString" name="size_unit" value="MM"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="joinstyle" value="bevel"/>
          <Option type="QString" name="scale_method" value="diameter"/>
          <Option type="QString" name="angle" value="0"/>
          <Option type="QString" name="offset" value="0,0"/>
          <Option type="QString" name="offset_unit" value="MM"/>
        </Option>
      </layer>
    </symbol>
    </symbols>
  </renderer-v2>
  <blendMode>0</blendMode>
  <layerGeometryType>0</layerGeometryType>
</qgis>
